using System.Diagnostics.Tracing;
using System.Reflection;
using System.Reflection.Emit;

namespace Conformance.SimHost.Events;

/// <summary>
/// Builds, at run time, a manifest-based EventSource class named after a driver's TraceLogging
/// provider, with one [Event] method per event schema the driver has written (its fields, then
/// SimSequence and SimCaseId). Manifest-based because TraceEvent 4.0.0 decodes field names of
/// manifest events read from EventPipe, but not of self-describing (EventSource.Write&lt;T&gt;) ones:
/// measured, see docs/events.md. Same provider name means the same GUID as the Windows
/// TraceLogging provider (both are the ETW name hash).
/// </summary>
internal static class DriverEventSourceBuilder
{
    private static readonly ModuleBuilder Module = AssemblyBuilder
        .DefineDynamicAssembly(new AssemblyName("Conformance.SimHost.DriverEvents"), AssemblyBuilderAccess.RunAndCollect)
        .DefineDynamicModule("DriverEvents");

    private static readonly MethodInfo WriteEventWithObjects = typeof(EventSource).GetMethod(
        "WriteEvent", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(int), typeof(object[])])!;

    private static int generation;

    /// <summary>A new EventSource type for <paramref name="provider"/> declaring <paramref name="schemas"/> (event id = index + 1).</summary>
    public static Type Build(string provider, IReadOnlyList<DriverEventSchema> schemas)
    {
        var type = Module.DefineType($"DriverEvents{Interlocked.Increment(ref generation)}",
            TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(EventSource));
        type.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(EventSourceAttribute).GetConstructor(Type.EmptyTypes)!, [],
            [typeof(EventSourceAttribute).GetProperty(nameof(EventSourceAttribute.Name))!], [provider]));
        type.DefineDefaultConstructor(MethodAttributes.Public);
        DefineDispatcher(type);
        for (int i = 0; i < schemas.Count; i++)
        {
            DefineEvent(type, i + 1, schemas[i]);
        }

        return type.CreateType();
    }

    /// <summary>
    /// A fast writer bound to an instance of a built type: WriteEvent(id, arguments) without reflection per
    /// event. The [Event] methods exist for the manifest; this calls the same WriteEvent they call.
    /// </summary>
    public static Action<int, object[]> DispatcherOf(EventSource instance) =>
        instance.GetType().GetMethod(DispatcherName)!.CreateDelegate<Action<int, object[]>>(instance);

    private const string DispatcherName = "Dispatch";

    // [NonEvent] public void Dispatch(int eventId, object[] arguments) => WriteEvent(eventId, arguments);
    private static void DefineDispatcher(TypeBuilder type)
    {
        var method = type.DefineMethod(DispatcherName, MethodAttributes.Public | MethodAttributes.HideBySig, typeof(void), [typeof(int), typeof(object[])]);
        method.SetCustomAttribute(new CustomAttributeBuilder(typeof(NonEventAttribute).GetConstructor(Type.EmptyTypes)!, []));
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, WriteEventWithObjects);
        il.Emit(OpCodes.Ret);
    }

    private static void DefineEvent(TypeBuilder type, int eventId, DriverEventSchema schema)
    {
        Type[] parameters = [.. schema.Fields.Select(f => f.Type), typeof(ulong), typeof(string)];
        string[] names = [.. schema.Fields.Select(f => f.Name), DriverEventSchema.SequenceField, DriverEventSchema.CaseIdField];
        var method = type.DefineMethod(schema.Name, MethodAttributes.Public | MethodAttributes.HideBySig, typeof(void), parameters);
        method.SetCustomAttribute(new CustomAttributeBuilder(
            typeof(EventAttribute).GetConstructor([typeof(int)])!, [eventId],
            [typeof(EventAttribute).GetProperty(nameof(EventAttribute.Level))!], [EventLevel.Informational]));
        for (int i = 0; i < names.Length; i++)
        {
            method.DefineParameter(i + 1, ParameterAttributes.None, names[i]);
        }

        // WriteEvent(eventId, new object[] { arg1, ..., argN }) with value types boxed.
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4, eventId);
        il.Emit(OpCodes.Ldc_I4, parameters.Length);
        il.Emit(OpCodes.Newarr, typeof(object));
        for (int i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, i + 1);
            if (parameters[i].IsValueType)
            {
                il.Emit(OpCodes.Box, parameters[i]);
            }

            il.Emit(OpCodes.Stelem_Ref);
        }

        il.Emit(OpCodes.Call, WriteEventWithObjects);
        il.Emit(OpCodes.Ret);
    }
}
