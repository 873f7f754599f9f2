using System.Diagnostics.Tracing;
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
        private EventSource? source;
        private Action<int, object[]>? dispatch;

        public void Write(TraceEventRecord record, Func<ulong> nextSequence)
        {
            int eventId = EventIdOf(record);
            if (eventId == 0)
            {
                schemas.Add(DriverEventSchema.Of(record.Name, record.Fields));
                Rebuild();
                eventId = schemas.Count;
            }

            if (source is { } live && live.IsEnabled())
            {
                var arguments = new object[record.Fields.Count + 2];
                int i = 0;
                foreach (var value in record.Fields.Values)
                {
                    arguments[i++] = value;
                }

                arguments[i++] = nextSequence();
                arguments[i] = record.CaseId;
                dispatch!(eventId, arguments);
            }
        }

        // Event id (1-based) of the schema this record matches, or 0; compared field by field, no strings built.
        private int EventIdOf(TraceEventRecord record)
        {
            for (int id = 0; id < schemas.Count; id++)
            {
                var schema = schemas[id];
                if (schema.Name != record.Name || schema.Fields.Count != record.Fields.Count)
                {
                    continue;
                }

                int k = 0;
                bool same = true;
                foreach (var (fieldName, value) in record.Fields)
                {
                    var (expectedName, expectedType) = schema.Fields[k++];
                    if (expectedName != fieldName || expectedType != value.GetType())
                    {
                        same = false;
                        break;
                    }
                }

                if (same)
                {
                    return id + 1;
                }
            }

            return 0;
        }

        private void Rebuild()
        {
            source?.Dispose();
            source = (EventSource)Activator.CreateInstance(DriverEventSourceBuilder.Build(name, schemas))!;
            dispatch = DriverEventSourceBuilder.DispatcherOf(source);
        }

        public void Dispose() => source?.Dispose();
    }
}
