package dev.srekg.ingest.parse;

/** Turns one record into events, or says why it cannot. Implementations are pure and never throw. */
@FunctionalInterface
public interface RecordParser {

    ParseResult parse(IncomingRecord record);
}
