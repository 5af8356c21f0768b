# Independent base-R implementation of the RDS estimators, written from the published formulas and
# the documented behaviour of the R package RDS (not in Debian), run on tree-*.csv; prints JSON.
# Run: Rscript test/reference/rds/reference.R > test/reference/rds/reference.json
#  - RDS-II: Volz & Heckathorn (2008), weights 1/degree.
#  - RDS-I: Salganik & Heckathorn (2004); smoothed: Heckathorn (2007) data smoothing, as RDS::rds.I.weights.
#  - SS: Gile (2011) fixed point with successive-sampling inclusion probabilities 1 - exp(-d t).
#  - Missing or zero degrees become the largest reported degree (RDS::RDS.estimates.local).

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))

read_tree <- function(path) {
  d <- read.csv(path, colClasses = "character", na.strings = character(0))
  deg <- suppressWarnings(as.numeric(d$degree))
  bad <- is.na(deg) | deg == 0
  deg[bad] <- max(deg, na.rm = TRUE)
  grp <- ifelse(d$group == "", NA, d$group)
  list(id = d$id, rid = d$recruiter, deg = deg, grp = grp, imputed = sum(bad))
}

cats_of <- function(g) sort(unique(g[!is.na(g)]), method = "radix")

share <- function(w, g, cats) {
  ok <- !is.na(g)
  s <- tapply(w[ok], factor(g[ok], levels = cats), sum)
  s[is.na(s)] <- 0
  as.numeric(s / sum(s))
}

rds2 <- function(t) share(1 / t$deg, t$grp, cats_of(t$grp))

transitions <- function(t, cats) {
  rg <- t$grp[match(t$rid, t$id)]
  ok <- !is.na(rg) & !is.na(t$grp)
  m <- unclass(table(factor(rg[ok], levels = cats), factor(t$grp[ok], levels = cats)))
  matrix(as.numeric(m), length(cats))
}

stationary <- function(P) {
  e <- eigen(t(P))
  k <- which.min(abs(e$values - 1))
  v <- Re(e$vectors[, k])
  v / sum(v)
}

rds1 <- function(t, smoothed) {
  cats <- cats_of(t$grp)
  if (length(cats) == 1) return(1)
  tij <- transitions(t, cats)
  tij[rowSums(tij) == 0, ] <- 0.1
  P <- tij / rowSums(tij)
  q <- stationary(P)
  if (smoothed) {
    S <- sum(tij) * q * P          # row i scaled by q_i
    S <- (S + t(S)) / 2
    P <- S / rowSums(S)
    q <- stationary(P)
  }
  h <- sapply(cats, function(cc) { d <- t$deg[!is.na(t$grp) & t$grp == cc]; length(d) / sum(1 / d) })
  r <- q / h
  as.numeric(r / sum(r))
}

ss_pi <- function(deg, N) {
  n <- length(deg)
  u <- sort(unique(deg)); nk <- as.numeric(table(factor(deg, levels = u)))
  Nk <- N * nk / n
  tsolve <- function(Nk) {
    f <- function(t) sum(Nk * (1 - exp(-u * t))) - n
    hi <- 1; while (f(hi) < 0) hi <- hi * 2
    uniroot(f, c(0, hi), tol = 1e-300, maxiter = 5000)$root
  }
  for (it in 1:5000) {
    p <- 1 - exp(-u * tsolve(Nk))
    new <- nk / p; new <- N * new / sum(new)
    ch <- max(abs(new - Nk) / new); Nk <- new
    if (ch < 1e-14) break
  }
  p <- 1 - exp(-u * tsolve(Nk))
  p[match(deg, u)]
}

ss <- function(t, N) share(1 / ss_pi(t$deg, N), t$grp, cats_of(t$grp))

recruitment_homophily <- function(t) {
  cats <- cats_of(t$grp); tij <- transitions(t, cats)
  sum(diag(tij)) / (sum(rowSums(tij) * colSums(tij)) / sum(tij))
}

num <- function(x) paste0("[", paste(sprintf("%.17g", x), collapse = ", "), "]")
str <- function(x) paste0("[", paste0('"', x, '"', collapse = ", "), "]")

out <- character(0)
for (name in c("tree-a", "tree-b", "tree-c", "tree-d")) {
  t <- read_tree(file.path(here, paste0(name, ".csv")))
  n <- length(t$id); cats <- cats_of(t$grp)
  Ns <- c(2 * n, 5 * n, 20 * n)
  ssj <- paste(sapply(Ns, function(N) sprintf('{"N": %d, "proportions": %s}', N, num(ss(t, N)))), collapse = ", ")
  tij <- transitions(t, cats)
  out <- c(out, sprintf(paste0('  "%s": {\n    "n": %d, "imputed": %d, "maxDegree": %.17g, "categories": %s,\n',
    '    "rds2": %s,\n    "rds1": %s,\n    "rds1Smoothed": %s,\n    "ss": [%s],\n',
    '    "transitions": [%s],\n    "recruitmentHomophily": %.17g\n  }'),
    name, n, t$imputed, max(t$deg), str(cats), num(rds2(t)), num(rds1(t, FALSE)), num(rds1(t, TRUE)), ssj,
    paste(apply(tij, 1, num), collapse = ", "), recruitment_homophily(t)))
}
cat("{\n", paste(out, collapse = ",\n"), "\n}\n", sep = "")
