namespace Conformance.Simulator.Protocol;

/// <summary>A symbolic link the driver created (IoCreateSymbolicLink) and the device name it points at, as the driver spelled them.</summary>
/// <param name="Link">The link, e.g. \DosDevices\LegacyWdm.</param>
/// <param name="Target">The device it names, e.g. \Device\LegacyWdm.</param>
public readonly record struct SymbolicLinkName(string Link, string Target);
