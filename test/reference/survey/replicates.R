# Replicate-weight reference values: R's svrepdesign fed with the SAME bootstrap replicate weights that
# portas generated (repweights_*.csv, written by repweights.ts). Run from the repository root:
#   Rscript test/reference/survey/replicates.R   (writes replicates.json)
suppressMessages(library(survey))
source("test/reference/survey/json.R")
# An output path may be given (the test suite compares a fresh run with the committed JSON).
output <- commandArgs(TRUE)[1]
dir <- "test/reference/survey"
cip <- function(e) list(estimate = unname(as.numeric(e))[1], lower = unname(attr(e, "ci"))[1], upper = unname(attr(e, "ci"))[2])
est <- function(e) list(estimate = unname(coef(e))[1], se = unname(SE(e))[1])
margins <- list(srs = c("sex", "agegrp"), strat = c("sex", "region"), clus = c("sex", "region"))
pops <- list(region = data.frame(region = 1:3, Freq = c(4000, 2500, 1500)), sex = data.frame(sex = 1:2, Freq = c(4100, 3900)),
             agegrp = data.frame(agegrp = 1:4, Freq = c(2000, 2200, 1900, 1900)))
out <- list()
for (name in c("srs", "strat", "clus")) {
  data <- read.csv(file.path(dir, paste0(name, ".csv")))
  rw <- as.matrix(read.csv(file.path(dir, paste0("repweights_", name, ".csv"))))
  d <- svrepdesign(data = data, repweights = rw, weights = ~w, type = "bootstrap", combined.weights = TRUE)
  r <- svyratio(~y, ~x, d, na.rm = TRUE)
  mk <- margins[[name]]
  rk <- rake(d, lapply(mk, function(v) as.formula(paste0("~", v))), pops[mk])
  out[[name]] <- list(
    scale = d$scale,
    mean_y = est(svymean(~y, d, na.rm = TRUE)),
    total_y = est(svytotal(~y, d, na.rm = TRUE)),
    ratio_yx = list(estimate = unname(coef(r))[1], se = unname(SE(r))[1]),
    mean_b = est(svymean(~b, d)),
    rake_mean_y = est(svymean(~y, rk, na.rm = TRUE)),
    rake_mean_b = est(svymean(~b, rk)),
    rake_weights = vec(weights(rk, "sampling")),
    degf = degf(d),
    ciprop_logit = cip(svyciprop(~b, d, method = "logit")),
    ciprop_beta = cip(svyciprop(~b, d, method = "beta"))
  )
}
out$source <- paste("R", R.version$major, R.version$minor, "survey", as.character(packageVersion("survey")))
write_json(out, if (is.na(output)) file.path(dir, "replicates.json") else output)
