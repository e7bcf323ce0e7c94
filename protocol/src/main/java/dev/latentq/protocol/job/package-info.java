/**
 * Job intake: the {@link dev.latentq.protocol.job.Job} record, its decoding and validation, and the headers of
 * dead-lettered job records.
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.latentq.protocol.job;
