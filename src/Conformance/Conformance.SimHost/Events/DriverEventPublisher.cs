using System.Diagnostics.Tracing;
using System.Reflection;
using Conformance.Targets;

namespace Conformance.SimHost.Events;

/// <summary>
/// Republishes the driver's events, drained from the native trace ring on the request thread (never
/// from driver code inside a __try), through one EventSource per driver provider. A schema not seen
/// before rebuilds that provider's EventSource with every schema so far: EventSource manifests are
/// fixed at construction. Drivers write few distinct event shapes, so this happens a few times at
/// the start of a run.
/// </summary>
internal sealed class DriverEventPublisher : IDisposable
{
    private readonly Dictionary<string, Provider> providers = new(StringComparer.Ordinal);

    private long lastSequence = -1;

    /// <summary>
    /// Sequence number of the last event written to an enabled EventSource. Published events are
    /// numbered contiguously (SimSequence), so a capture can tell a gap, and the heartbeat's copy of
    /// this number shows events written but never delivered.
    /// </summary>
    public long LastSequence => Interlocked.Read(ref lastSequence);

    /// <summary>Publish one decoded driver event (its native sequence number is replaced by the published one).</summary>
    public void Publish(TraceEventRecord record)
    {
        if (!providers.TryGetValue(record.Provider, out var provider))
        {
            provider = new Provider(record.Provider);
            providers[record.Provider] = provider;
        }

        provider.Write(record, () => (ulong)Interlocked.Increment(ref lastSequence));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var provider in providers.Values)
        {
            provider.Dispose();
        }
    }

    private sealed class Provider(string name) : IDisposable
    {
        private readonly List<DriverEventSchema> schemas = [];
        private readonly Dictionary<string, MethodInfo> writers = new(StringComparer.Ordinal);
        private EventSource? source;

        public void Write(TraceEventRecord record, Func<ulong> nextSequence)
        {
            var schema = DriverEventSchema.Of(record.Name, record.Fields);
            if (!writers.TryGetValue(schema.Key, out var writer))
            {
                schemas.Add(schema);
                Rebuild();
                writer = writers[schema.Key];
            }

            if (source is { } live && live.IsEnabled())
            {
                object[] arguments = [.. record.Fields.Values, nextSequence(), record.CaseId];
                writer.Invoke(live, arguments);
            }
        }

        private void Rebuild()
        {
            source?.Dispose();
            var type = DriverEventSourceBuilder.Build(name, schemas);
            source = (EventSource)Activator.CreateInstance(type)!;
            writers.Clear();
            foreach (var schema in schemas)
            {
                writers[schema.Key] = DriverEventSourceBuilder.WriterOf(type, schema);
            }
        }

        public void Dispose() => source?.Dispose();
    }
}
