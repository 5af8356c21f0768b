# Independent base-R reference for the analytic RDS-II standard error, design effect and population
# homophily, written from the definitions in the R package RDS 0.9-10 (EL.se with second-order pair
# weights, the design effect RDS.estimates.local prints, homophily.estimates(recruitment = FALSE)),
# and for the Rao-Scott test with recruitment chains as clusters (R's survey::svychisq).
# The package RDS is not in Debian; survey is. Run:
#   Rscript test/reference/rds/analytic.R > test/reference/rds/analytic.json
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))

read_tree <- function(path) {
  d <- read.csv(path, colClasses = "character", na.strings = character(0))
  deg <- suppressWarnings(as.numeric(d$degree))
  bad <- is.na(deg) | deg == 0
  deg[bad] <- max(deg, na.rm = TRUE)
  grp <- ifelse(d$group == "", NA, d$group)
  list(id = d$id, rid = d$recruiter, deg = deg, grp = grp)
}

# Pairwise ("second-order") standard error of the weighted mean of a 0/1 outcome y.
pair_se <- function(w, y, N, n_all) {
  keep <- !is.na(y)
  w <- w[keep]; y <- y[keep]
  P <- w %o% w
  cap <- 10 * median(P)
  P <- pmin(P, cap)
  lower <- row(P) > col(P)
  ybar <- (y %o% rep(1, length(y)) + rep(1, length(y)) %o% y) / 2
  est <- sum((ybar * P)[lower]) / sum(P[lower])
  G <- rowSums(P^2 * (ybar - est) * lower)
  V <- rowSums(P^2 * lower)
  v <- 4 * sum(G^2) / sum(V)^2
  if (is.null(N)) sqrt(v) else sqrt((N - n_all) * v / (N - 1))
}

analytic <- function(t, N) {
  cats <- sort(unique(t$grp[!is.na(t$grp)]), method = "radix")
  w <- 1 / t$deg
  n <- sum(!is.na(t$grp))
  lapply(cats, function(cc) {
    y <- as.numeric(t$grp == cc)
    p <- sum((w * y)[!is.na(y)]) / sum(w[!is.na(y)])
    se <- pair_se(w, y, N, length(y))
    srs <- p * (1 - p) / n
    if (!is.null(N)) srs <- srs * (N - n) / (N - 1)
    list(category = cc, estimate = p, se = se, designEffect = se^2 / srs)
  })
}

# Population homophily of category cc: ties split as each respondent's recruits are.
pop_homophily <- function(t, cc) {
  y <- ifelse(is.na(t$grp), NA, as.numeric(t$grp == cc))
  n <- length(y)
  w <- 1 / t$deg
  d0 <- d1 <- numeric(n)
  for (k in seq_len(n)) {
    r <- which(t$rid == t$id[k])
    if (length(r) == 0 || any(is.na(y[r]))) { w[k] <- 0; next }
    d1[k] <- sum(y[r]) * t$deg[k] / length(r)
    d0[k] <- (length(r) - sum(y[r])) * t$deg[k] / length(r)
  }
  hajek <- function(v) { ok <- !is.na(v); sum(w[ok] * v[ok]) / sum(w[ok]) }
  p <- hajek(y)
  m0 <- hajek(t$deg * (y == 0)) / (1 - p)
  m1 <- hajek(t$deg * (y == 1)) / p
  s <- hajek(ifelse(y == 1, d0, d1))
  2 * p * m0 * (1 - p) * m1 / (s * hajek(t$deg))
}

chain_of <- function(t) {
  seed <- t$id
  for (i in seq_along(seed)) {
    s <- t$id[i]
    while (t$rid[match(s, t$id)] != "") s <- t$rid[match(s, t$id)]
    seed[i] <- s
  }
  seed
}

# Group x (degree above the median) with the chains as PSUs and RDS-II weights.
chain_test <- function(t) {
  if (sum(t$rid == "") < 2) return(list(statistic = NA))  # one chain: no variance between chains
  d <- data.frame(g = factor(t$grp), high = factor(t$deg > median(t$deg)), chain = chain_of(t), w = 1 / t$deg)
  des <- svydesign(ids = ~chain, weights = ~w, data = d)
  r <- svychisq(~g + high, des, statistic = "F")
  list(statistic = unname(r$statistic), ndf = unname(r$parameter[1]), ddf = unname(r$parameter[2]), p = unname(r$p.value))
}

num <- function(x) ifelse(is.na(x), "null", sprintf("%.17g", x))
obj <- function(l) paste0("{", paste0('"', names(l), '": ', vapply(l, function(v) if (is.character(v)) paste0('"', v, '"') else num(v), ""), collapse = ", "), "}")
arr <- function(ls) paste0("[", paste(vapply(ls, obj, ""), collapse = ", "), "]")

out <- character(0)
for (name in c("tree-a", "tree-b", "tree-c", "tree-d")) {
  t <- read_tree(file.path(here, paste0(name, ".csv")))
  n <- length(t$id)
  cats <- sort(unique(t$grp[!is.na(t$grp)]), method = "radix")
  out <- c(out, sprintf('  "%s": {\n    "N": %d,\n    "withoutN": %s,\n    "withN": %s,\n    "populationHomophily": [%s],\n    "chainTest": %s\n  }',
    name, 5 * n, arr(analytic(t, NULL)), arr(analytic(t, 5 * n)),
    paste(num(sapply(cats, function(cc) pop_homophily(t, cc))), collapse = ", "), obj(chain_test(t))))
}
cat("{\n", paste(out, collapse = ",\n"), "\n}\n", sep = "")
