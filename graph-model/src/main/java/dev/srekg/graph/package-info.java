/**
 * The srekg graph model, free of any framework: the change events srekg understands, the graph changes each one
 * makes (as parameterized Cypher with rows), and the schema migrations. Ingest maps parsed events to
 * {@link dev.srekg.graph.GraphChange}s here; the Neo4j adapter only executes them.
 *
 * <p>Time: every fact carries its event time (when it happened, from the payload) and its record time
 * ({@code recordedAt}: when srekg first wrote it). Redelivery never changes either.
 */
package dev.srekg.graph;
