# Generates the small synthetic recruitment trees used as reference inputs (base R only).
# Run: Rscript test/reference/rds/generate.R [OUTDIR]   (writes tree-*.csv next to this script, or into OUTDIR)
# Each tree is grown wave by wave: every respondent hands out up to 3 coupons, a recruit shares
# the recruiter's category with probability `stay` (homophily), degree depends on the category.

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(sub("^--file=", "", args[grep("^--file=", args)]))
out_dir <- if (length(commandArgs(trailingOnly = TRUE)) > 0) commandArgs(trailingOnly = TRUE)[1] else here

grow <- function(seed, n_seeds, n, cats, stay, mean_deg, p_missing_deg = 0, p_zero_deg = 0,
                 p_missing_outcome = 0, forbid_wave1 = NULL, barren_seed = FALSE) {
  set.seed(seed)
  k <- length(cats)
  id <- character(0); rec <- character(0); grp <- character(0); wave <- integer(0)
  for (s in seq_len(n_seeds)) {
    id <- c(id, sprintf("S%d", s)); rec <- c(rec, ""); grp <- c(grp, cats[sample.int(k, 1)]); wave <- c(wave, 0L)
  }
  i <- 1
  while (length(id) < n && i <= length(id)) {
    if (!(barren_seed && i == 1)) {
      m <- sample(0:3, 1, prob = c(0.15, 0.3, 0.3, 0.25))
      if (i <= n_seeds) m <- max(m, 1)
      for (j in seq_len(m)) {
        if (length(id) >= n) break
        g <- if (runif(1) < stay) grp[i] else cats[sample.int(k, 1)]
        if (!is.null(forbid_wave1) && wave[i] == 0L && g == forbid_wave1) g <- setdiff(cats, forbid_wave1)[1]
        id <- c(id, sprintf("R%d", length(id) + 1)); rec <- c(rec, id[i]); grp <- c(grp, g); wave <- c(wave, wave[i] + 1L)
      }
    }
    i <- i + 1
  }
  deg <- pmax(1, round(rlnorm(length(id), log(mean_deg[match(grp, cats)]), 0.6)))
  deg_txt <- as.character(deg)
  u <- runif(length(id))
  deg_txt[u < p_missing_deg] <- ""
  deg_txt[u >= p_missing_deg & u < p_missing_deg + p_zero_deg] <- "0"
  out <- grp
  out[runif(length(id)) < p_missing_outcome] <- ""
  data.frame(id = id, recruiter = rec, degree = deg_txt, group = out, stringsAsFactors = FALSE)
}

trees <- list(
  "tree-a" = grow(101, 3, 60, c("A", "B"), 0.7, c(8, 20)),
  "tree-b" = grow(202, 5, 150, c("A", "B", "C"), 0.6, c(5, 12, 30), p_missing_deg = 0.08, p_zero_deg = 0.04, p_missing_outcome = 0.05),
  "tree-c" = grow(303, 1, 40, c("A", "B", "C"), 0.5, c(10, 10, 25), forbid_wave1 = "C"),
  "tree-d" = grow(404, 4, 80, c("A", "B", "C", "D"), 0.55, c(6, 9, 15, 40), barren_seed = TRUE)
)
for (name in names(trees)) {
  write.csv(trees[[name]], file.path(out_dir, paste0(name, ".csv")), row.names = FALSE, quote = FALSE)
}
