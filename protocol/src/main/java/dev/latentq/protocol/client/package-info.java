/**
 * A small client for job producers: submit jobs, cancel them, and await their outcomes by following the events
 * topic. See {@link dev.latentq.protocol.client.LatentQClient}.
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.latentq.protocol.client;
