# Generates the seeded fixture data sets (committed CSV). Run once from the repository root:
#   Rscript test/reference/survey/fixtures.R
set.seed(20261125)
out <- "test/reference/survey"
na_some <- function(v, k) { v[sample(length(v), k)] <- NA; v }
wr <- function(d, name) write.csv(d, file.path(out, paste0(name, ".csv")), row.names = FALSE, na = "")

# 1. Unequal weights, one extreme weight (40x the median), missing values, a rare binary item.
n <- 80
srs <- data.frame(
  w = round(exp(rnorm(n, 3, 0.5)), 3),
  region = sample(1:3, n, TRUE, c(0.5, 0.3, 0.2)),
  sex = sample(1:2, n, TRUE),
  agegrp = sample(1:4, n, TRUE),
  y = na_some(round(rnorm(n, 50, 12), 2), 8),
  x = round(runif(n, 1, 10), 2),
  b = rbinom(n, 1, 0.06),
  c = na_some(sample(1:4, n, TRUE), 5)
)
srs$w[7] <- round(40 * median(srs$w), 3)
wr(srs, "srs")

# 2. Stratified cluster sample; stratum 6 has a single PSU.
psus <- c(3, 4, 2, 5, 3, 1)
rows <- do.call(rbind, lapply(seq_along(psus), function(h) {
  do.call(rbind, lapply(seq_len(psus[h]), function(j) data.frame(stratum = h, psu = j, m = sample(2:6, 1))))
}))
strat <- rows[rep(seq_len(nrow(rows)), rows$m), c("stratum", "psu")]
m <- nrow(strat)
strat$w <- round(runif(m, 5, 60) * strat$stratum, 2)
strat$region <- sample(1:3, m, TRUE)
strat$sex <- sample(1:2, m, TRUE)
strat$y <- na_some(round(rnorm(m, 10 + strat$stratum, 3), 2), 4)
strat$x <- round(runif(m, 2, 5), 2)
strat$b <- rbinom(m, 1, 0.3)
wr(strat, "strat")

# 3. Clusters without strata, near-degenerate proportion (b is 1 in only two rows).
n <- 70
clus <- data.frame(psu = rep(1:14, each = 5), w = round(runif(n, 1, 9), 3), region = sample(1:3, n, TRUE), sex = sample(1:2, n, TRUE))
clus$y <- na_some(round(rgamma(n, 2, 0.1), 2), 3)
clus$x <- round(runif(n, 1, 3), 2)
clus$b <- 0
clus$b[c(4, 33)] <- 1
wr(clus, "clus")
