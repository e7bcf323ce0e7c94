/**
 * Job events: the sealed {@link dev.latentq.protocol.event.JobEvent} hierarchy, one data record per event type, and
 * {@link dev.latentq.protocol.event.EventCodec} for the CloudEvents Kafka binding (binary mode).
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.latentq.protocol.event;
