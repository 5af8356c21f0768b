# A minimal JSON writer (jsonlite is not in Debian's r-base-core): numbers with 17 significant digits.
num <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "1e999", "-1e999"), sprintf("%.17g", x)))
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      return(paste0("{", paste0("\"", names(x), "\":", vapply(x, to_json, ""), collapse = ","), "}"))
    }
    return(paste0("[", paste0(vapply(x, to_json, ""), collapse = ","), "]"))
  }
  if (is.character(x)) {
    s <- paste0("\"", x, "\"")
    return(if (length(x) == 1) s else paste0("[", paste0(s, collapse = ","), "]"))
  }
  if (is.logical(x) && length(x) == 1) return(if (x) "true" else "false")
  v <- num(as.numeric(x))
  if (length(x) == 1 && is.null(attr(x, "vector"))) v else paste0("[", paste0(v, collapse = ","), "]")
}
vec <- function(x) { attr(x, "vector") <- TRUE; x }
write_json <- function(x, file) writeLines(to_json(x), file)
