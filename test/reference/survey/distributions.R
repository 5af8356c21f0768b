# Reference values for portas' distribution functions, from base R. Writes distributions.json.
# Run from the repository root: Rscript test/reference/survey/distributions.R
source("test/reference/survey/json.R")
# An output path may be given (the test suite compares a fresh run with the committed JSON).
output <- commandArgs(TRUE)[1]
cases <- list()
add <- function(fn, args, value) cases[[length(cases) + 1]] <<- list(fn = fn, args = vec(args), value = value)
for (p in c(1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-12)) add("qnorm", p, qnorm(p))
for (x in c(-38, -20, -8, -3, -1.96, -0.5, 0, 0.3, 1, 2.5, 6, 9)) add("pnorm", x, pnorm(x))
for (x in c(-9, -3, 1.5, 8)) add("pnorm_upper", x, pnorm(x, lower.tail = FALSE))
for (df in c(1, 2, 3, 7.5, 30, 250, 5000)) for (t in c(-40, -3, -1.2, 0.4, 2.1, 12)) add("pt", c(t, df), pt(t, df))
for (df in c(1, 2, 4.5, 10, 99, 1000, 99999)) for (p in c(1e-8, 0.005, 0.025, 0.2, 0.6, 0.975, 0.9999)) add("qt", c(p, df), qt(p, df))
for (df in c(0.5, 1, 2, 5, 17, 120, 2000)) for (x in c(1e-5, 0.3, 1, 4, 15, 60, 300)) add("pchisq", c(x, df), pchisq(x, df))
for (df in c(1, 3, 40)) for (x in c(0.5, 7, 90)) add("pchisq_upper", c(x, df), pchisq(x, df, lower.tail = FALSE))
for (d1 in c(1, 2.7, 6)) for (d2 in c(1, 9, 44.3, 500)) for (x in c(0.01, 0.8, 3.3, 25)) add("pf_upper", c(x, d1, d2), pf(x, d1, d2, lower.tail = FALSE))
for (d1 in c(1, 5)) for (d2 in c(3, 80)) for (x in c(0.2, 2)) add("pf", c(x, d1, d2), pf(x, d1, d2))
for (ab in list(c(0.5, 0.5), c(2, 3), c(0.05, 20), c(30, 1.5), c(150, 260), c(0.8, 1e4))) for (x in c(1e-4, 0.01, 0.2, 0.5, 0.9, 0.999)) add("pbeta", c(x, ab), pbeta(x, ab[1], ab[2]))
for (ab in list(c(0.5, 0.5), c(2, 3), c(0.05, 20), c(30, 1.5), c(150, 260), c(3.7, 412.2), c(412.2, 3.7))) for (p in c(1e-6, 0.025, 0.5, 0.975)) add("qbeta", c(p, ab), qbeta(p, ab[1], ab[2]))
for (x in c(0.1, 0.5, 1, 1.5, 3, 9.9, 10, 55.5, 1e6)) add("lgamma", x, lgamma(x))
write_json(list(source = paste("R", R.version$major, R.version$minor, "base stats"), cases = cases), if (is.na(output)) "test/reference/survey/distributions.json" else output)
