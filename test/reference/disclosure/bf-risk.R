# Reference values for the Benedetti–Franconi individual risk (test/disclosure/measure-risk.test.ts).
# Independent of portas: E[1/F | f] summed directly from R's negative binomial, F = f + H,
# H ~ NB(size = f, prob = p), and the closed forms of sdcMicro's R/indivRisk.R ("approx").
# Run: Rscript test/reference/disclosure/bf-risk.R > test/reference/disclosure/bf-risk.json
fs <- c(1, 2, 3, 4, 5, 8, 13, 30, 60)
ps <- c(0.002, 0.03, 0.2, 0.5, 0.75, 0.97)
rows <- character(0)
for (f in fs) for (p in ps) {
  q <- 1 - p
  h <- 0:ceiling(f * q / p + 60 * sqrt(f * q) / p + 200)
  exact <- sum(dnbinom(h, size = f, prob = p) / (f + h))
  approx <- if (f == 1) (p / q) * log(1 / p) else if (f == 2) (p / q) - (p / q)^2 * log(1 / p) else p / (f - q)
  rows <- c(rows, sprintf('{"f": %d, "p": %s, "exact": %.17g, "approx": %.17g}', f, format(p), exact, approx))
}
cat("{\n  \"source\": \"R ", R.version$major, ".", R.version$minor, ": sum(dnbinom(h, f, p) / (f + h)); approx from sdcMicro R/indivRisk.R\",\n  \"values\": [\n    ",
    paste(rows, collapse = ",\n    "), "\n  ]\n}\n", sep = "")
