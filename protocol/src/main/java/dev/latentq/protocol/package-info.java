/**
 * LatentQ's wire contract: topic names, the shared JSON configuration and the failure codes used by jobs,
 * events and dead letters. Sub-packages hold the job intake ({@code job}), completion events ({@code event}),
 * control messages ({@code control}) and a producer-side client ({@code client}).
 *
 * <p>Parameters and return values are non-null unless documented as nullable.
 */
package dev.latentq.protocol;
