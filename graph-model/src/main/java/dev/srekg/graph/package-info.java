/**
 * The srekg graph model, free of any framework, one package per kind of fact: {@code deploys}, {@code scaling},
 * {@code tickets}, {@code slo} (breaches), {@code traffic} (trace aggregates and their hour nodes),
 * {@code incidents}, {@code time} (the as-of filters and UTC times) and {@code schema} (the migrations). Each holds
 * its record, the rows it writes and its Cypher. {@code change} is the shared vocabulary: a
 * {@link dev.srekg.graph.change.ChangeEvent} maps itself to {@link dev.srekg.graph.change.GraphChange}s (a
 * {@link dev.srekg.graph.change.WriteStatement} with one row); the Neo4j adapter only executes them.
 *
 * <p>Time: every fact carries its event time (when it happened, from the payload) and its record time
 * ({@code recordedAt}: when srekg first wrote it). Redelivery never changes either.
 */
package dev.srekg.graph;
