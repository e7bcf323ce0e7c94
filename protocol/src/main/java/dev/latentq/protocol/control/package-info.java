/**
 * Control messages on the control topic, such as {@code {"type":"cancel","id":"..."}}.
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.latentq.protocol.control;
