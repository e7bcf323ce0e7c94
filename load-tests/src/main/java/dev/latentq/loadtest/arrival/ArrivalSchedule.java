package dev.latentq.loadtest.arrival;

import java.util.PrimitiveIterator;

/**
 * The planned submission times of a run, as nanoseconds after its start, in non-decreasing order. Finite. Not
 * thread-safe: one producer loop consumes it.
 */
public interface ArrivalSchedule extends PrimitiveIterator.OfLong {
}
