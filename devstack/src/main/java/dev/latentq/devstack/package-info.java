/**
 * Real infrastructure without Docker: an Apache Kafka broker (KRaft) and an S3-compatible server (S3Proxy), each
 * a child JVM started from the Maven Central jars in {@code devstack/target/devstack-lib}.
 *
 * <p>{@link dev.latentq.devstack.Devstack} starts both under one directory; {@link dev.latentq.devstack.KafkaBroker}
 * and {@link dev.latentq.devstack.S3Server} can also be used alone, and stopped, killed and restarted on the same
 * data and ports for fault tests. {@link dev.latentq.devstack.DevstackMain} is the command-line entry point.
 */
package dev.latentq.devstack;
