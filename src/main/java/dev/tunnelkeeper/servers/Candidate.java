package dev.tunnelkeeper.servers;

/** A server that passed the filters, with what happened to it so far: what a selector chooses among. */
public record Candidate(Server server, History history) {
}
