# Reference values from R's survey package for portas' linearised estimates, calibration and tests.
# Run from the repository root: Rscript test/reference/survey/survey.R  (writes survey.json)
suppressMessages(library(survey))
source("test/reference/survey/json.R")
# An output path may be given (the test suite compares a fresh run with the committed JSON).
output <- commandArgs(TRUE)[1]
dir <- "test/reference/survey"
rd <- function(name) read.csv(file.path(dir, paste0(name, ".csv")))
srs <- rd("srs"); strat <- rd("strat"); clus <- rd("clus")

est <- function(e) list(estimate = unname(coef(e))[1], se = unname(SE(e))[1])
cip <- function(e) list(estimate = unname(as.numeric(e))[1], lower = unname(attr(e, "ci"))[1], upper = unname(attr(e, "ci"))[2])
basics <- function(d) {
  list(
    mean_y = est(svymean(~y, d, na.rm = TRUE)),
    total_y = est(svytotal(~y, d, na.rm = TRUE)),
    ratio_yx = list(estimate = unname(coef(svyratio(~y, ~x, d, na.rm = TRUE)))[1], se = unname(SE(svyratio(~y, ~x, d, na.rm = TRUE)))[1]),
    mean_b = est(svymean(~b, d)),
    ciprop_logit = cip(svyciprop(~b, d, method = "logit")),
    ciprop_beta = cip(svyciprop(~b, d, method = "beta")),
    ciprop_logit_90 = cip(svyciprop(~b, d, method = "logit", level = 0.9)),
    degf = degf(d)
  )
}
calibrated <- function(d, margins, names) {
  pop_region <- data.frame(region = 1:3, Freq = c(4000, 2500, 1500))
  pop_sex <- data.frame(sex = 1:2, Freq = c(4100, 3900))
  pop_age <- data.frame(agegrp = 1:4, Freq = c(2000, 2200, 1900, 1900))
  pops <- list(region = pop_region, sex = pop_sex, agegrp = pop_age)
  ps <- postStratify(d, ~region, pop_region)
  rk <- rake(d, lapply(names, function(v) as.formula(paste0("~", v))), pops[names])
  rk_tight <- rake(d, lapply(names, function(v) as.formula(paste0("~", v))), pops[names], control = list(epsilon = 1e-10, maxit = 50))
  sub <- function(x) list(weights = vec(weights(x)), mean_y = est(svymean(~y, x, na.rm = TRUE)), total_y = est(svytotal(~y, x, na.rm = TRUE)), mean_b = est(svymean(~b, x)))
  list(poststratify = sub(ps), rake = sub(rk), rake_tight = sub(rk_tight))
}
chi <- function(d) {
  t <- svychisq(~region + sex, d, statistic = "F")
  list(statistic = unname(t$statistic), ndf = unname(t$parameter[1]), ddf = unname(t$parameter[2]), p = unname(t$p.value))
}

options(survey.lonely.psu = "fail")
d_srs <- svydesign(ids = ~1, weights = ~w, data = srs)
d_clus <- svydesign(ids = ~psu, weights = ~w, data = clus)
d_strat <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, data = strat, nest = TRUE)
out <- list()
out$srs <- c(basics(d_srs), calibrated(d_srs, NULL, c("sex", "agegrp")), list(chisq = chi(d_srs)))
# A variable with missing values (c has 5 NAs): svychisq drops those rows but keeps N = all rows.
tc <- svychisq(~region + c, d_srs, statistic = "F")
out$srs$chisq_missing <- list(statistic = unname(tc$statistic), ndf = unname(tc$parameter[1]), ddf = unname(tc$parameter[2]), p = unname(tc$p.value))
out$clus <- c(basics(d_clus), calibrated(d_clus, NULL, c("sex", "region")), list(chisq = chi(d_clus)))
out$strat_fail <- list(fails = inherits(try(svymean(~y, d_strat, na.rm = TRUE), silent = TRUE), "try-error"))
options(survey.lonely.psu = "adjust")
out$strat_adjust <- c(basics(d_strat), calibrated(d_strat, NULL, c("sex", "region")), list(chisq = chi(d_strat)))
options(survey.lonely.psu = "certainty")
out$strat_certainty <- c(basics(d_strat), calibrated(d_strat, NULL, c("sex", "region")), list(chisq = chi(d_strat)))
options(survey.lonely.psu = "fail")
out$trim <- list(weights = vec(weights(trimWeights(d_srs, upper = 3 * median(srs$w)))), upper = 3 * median(srs$w))
tab <- table(srs$region, srs$sex)
pc <- suppressWarnings(chisq.test(tab, correct = FALSE))
out$pearson_unweighted <- list(statistic = unname(pc$statistic), df = unname(pc$parameter), p = unname(pc$p.value))
f <- fisher.test(matrix(c(3, 1, 1, 3), 2))
f2 <- fisher.test(matrix(c(12, 5, 2, 20), 2))
out$fisher <- list(list(table = vec(c(3, 1, 1, 3)), p = f$p.value), list(table = vec(c(12, 5, 2, 20)), p = f2$p.value))
pt <- prop.test(7, 40, correct = FALSE, conf.level = 0.95)
out$wilson <- list(x = 7, n = 40, lower = pt$conf.int[1], upper = pt$conf.int[2])
out$source <- paste("R", R.version$major, R.version$minor, "survey", as.character(packageVersion("survey")))
write_json(out, if (is.na(output)) file.path(dir, "survey.json") else output)
