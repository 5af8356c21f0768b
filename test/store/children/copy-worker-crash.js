// A copy worker that crashes as it starts (an uncaught error in the thread), for the copy worker's failure test.
throw new Error('the copy worker crashed on purpose');
