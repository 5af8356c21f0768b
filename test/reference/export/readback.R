# Reads an exported .sav/.dta back with R (haven or foreign) and prints what R sees as JSON, for test/export/readback.test.ts.
# Usage: Rscript readback.R haven_sav|haven_dta|foreign_sav|foreign_dta|csv FILE
# Base R only (no jsonlite on the CI image): a small JSON writer below.
args <- commandArgs(trailingOnly = TRUE)
reader <- args[[1]]
file <- args[[2]]

json_str <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  s <- gsub("\n", "\\\\n", s)
  s <- gsub("\r", "\\\\r", s)
  s <- gsub("\t", "\\\\t", s)
  paste0("\"", s, "\"")
}
# A number as JSON; NA becomes "NA(x)" for a haven tagged missing value, else null.
json_num <- function(x) {
  if (is.na(x)) {
    tag <- if (requireNamespace("haven", quietly = TRUE)) haven::na_tag(x) else NA
    if (!is.na(tag)) return(json_str(paste0("NA(", tag, ")")))
    return("null")
  }
  format(x, digits = 17, scientific = FALSE, trim = TRUE)
}
json_vec <- function(x) {
  if (is.null(x)) return("null")
  if (is.character(x)) return(paste0("[", paste(vapply(x, function(s) if (is.na(s)) "null" else json_str(s), ""), collapse = ","), "]"))
  paste0("[", paste(vapply(as.numeric(unclass(x)), json_num, ""), collapse = ","), "]")
}
json_labels <- function(l) {
  if (is.null(l)) return("null")
  items <- vapply(seq_along(l), function(i) {
    v <- l[[i]]
    paste0("{\"value\":", if (is.character(v)) json_str(v) else json_num(v), ",\"label\":", json_str(names(l)[[i]]), "}")
  }, "")
  paste0("[", paste(items, collapse = ","), "]")
}
column <- function(name, values, label, labels, na_values, na_range) {
  paste0("{\"name\":", json_str(name),
         ",\"label\":", if (is.null(label)) "null" else json_str(label),
         ",\"labels\":", json_labels(labels),
         ",\"na_values\":", json_vec(na_values),
         ",\"na_range\":", json_vec(na_range),
         ",\"values\":", json_vec(values), "}")
}

out <- character()
if (reader %in% c("haven_sav", "haven_dta")) {
  df <- if (reader == "haven_sav") haven::read_sav(file, user_na = TRUE) else haven::read_dta(file)
  for (n in names(df)) {
    x <- df[[n]]
    out <- c(out, column(n, x, attr(x, "label"), attr(x, "labels"), attr(x, "na_values"), attr(x, "na_range")))
  }
} else if (reader == "foreign_sav") {
  d <- suppressWarnings(foreign::read.spss(file, to.data.frame = FALSE, use.value.labels = FALSE, use.missings = FALSE, reencode = "UTF-8"))
  vl <- attr(d, "variable.labels")
  lt <- attr(d, "label.table")
  ms <- attr(d, "missings")
  for (n in names(d)) {
    m <- ms[[n]]
    na_values <- if (!is.null(m) && m$type %in% c("one", "two", "three")) m$value else if (!is.null(m) && m$type == "range+1") m$value[3] else NULL
    na_range <- if (!is.null(m) && m$type %in% c("range", "range+1")) m$value[1:2] else NULL
    x <- d[[n]]
    if (is.character(x)) x <- sub(" +$", "", x)
    lab <- lt[[n]]
    if (!is.null(lab)) lab <- setNames(as.numeric(lab), names(lab))
    out <- c(out, column(n, x, if (n %in% names(vl)) vl[[n]] else NULL, lab, na_values, na_range))
  }
} else if (reader == "csv") {
  # data.csv as base R reads it: every cell as text, nothing converted to NA (the codes are compared as written).
  d <- utils::read.csv(file, colClasses = "character", na.strings = character(), encoding = "UTF-8", check.names = FALSE)
  for (n in names(d)) out <- c(out, column(n, d[[n]], NULL, NULL, NULL, NULL))
} else if (reader == "foreign_dta") {
  d <- foreign::read.dta(file, convert.factors = FALSE)
  vl <- attr(d, "var.labels")
  for (i in seq_along(names(d))) out <- c(out, column(names(d)[[i]], d[[i]], vl[[i]], NULL, NULL, NULL))
}
cat(paste0("{\"columns\":[", paste(out, collapse = ",\n"), "]}\n"))
