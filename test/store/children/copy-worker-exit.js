// A copy worker that ends its thread without a word (as a native crash would), for the copy worker's failure test.
process.exit(7);
