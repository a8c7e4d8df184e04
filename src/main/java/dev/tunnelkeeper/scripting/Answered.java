package dev.tunnelkeeper.scripting;

/** A valid answer and the file that gave it (logs say whose decision it was). */
record Answered<T>(String file, T answer) {
}
