import Metrics

/// What the hub counts in swift-metrics, so that an operator sees its bounds at work: no-ops
/// until the application bootstraps a metrics backend (`MetricsSystem.bootstrap`).
struct HubMetrics: Sendable {
    /// `sse_hub_evicted_events_total`: events that left the in-memory log past
    /// ``ServerSentEventHub/MemoryLimit/events`` or ``ServerSentEventHub/MemoryLimit/bytes``.
    let evictedEvents = Counter(label: "sse_hub_evicted_events_total")
    /// `sse_hub_evicted_topics_total`: topics forgotten to make room past
    /// ``ServerSentEventHub/MemoryLimit/topics``.
    let evictedTopics = Counter(label: "sse_hub_evicted_topics_total")
    /// `sse_hub_refused_total{reason="invalid_event"}`: publishes of an event that cannot be
    /// encoded.
    let refusedInvalid = Counter(label: "sse_hub_refused_total", dimensions: [("reason", "invalid_event")])
    /// `sse_hub_refused_total{reason="topic_limit"}`: publishes and subscriptions refused for
    /// a new topic while every topic has subscribers.
    let refusedTopics = Counter(label: "sse_hub_refused_total", dimensions: [("reason", "topic_limit")])
    /// `sse_hub_slow_subscribers_total`: subscribers disconnected for falling behind.
    let disconnectedSubscribers = Counter(label: "sse_hub_slow_subscribers_total")
    /// `sse_hub_dropped_events_total`: queued events dropped under `dropOldest`.
    let droppedEvents = Counter(label: "sse_hub_dropped_events_total")
}
