using System.Buffers.Binary;
using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class FileAccessListTests
{
    private static readonly FileAccessList Sample = new(
        [
            new FileAccessRecord(FileOperation.Create, 0, 0x40100000, 3, 0x60, 1, 0x640,
                FileAccessTraits.KernelHandle | FileAccessTraits.ForceAccessCheck | FileAccessTraits.InSandbox, 2, 0xFFFFFFFF80001004, @"\SystemRoot\Temp\ü.log"),
            new FileAccessRecord(FileOperation.Close, unchecked((int)0xC0000008), 0, 0, 0, 0, 0, FileAccessTraits.UserContext, 0, 0x1234, string.Empty),
        ],
        Dropped: 7);

    [Test]
    public void EveryFieldOfEveryRecordRoundTrips()
    {
        var (kind, payload) = Frames.RoundTrip(Sample.Write);

        Assert.That(kind, Is.EqualTo(MessageKind.FileAccesses));
        Assert.That(FileAccessList.Read(payload), Is.EqualTo(Sample));
    }

    [Test]
    public void TheRequestIsAnEmptyFrame()
    {
        var (kind, payload) = Frames.RoundTrip(ReadFileAccessesMessage.Write);

        Assert.That((kind, payload.Length), Is.EqualTo((MessageKind.ReadFileAccesses, 0)));
    }

    [Test]
    public void MoreRecordsThanTheKernelKeepsAreRefused()
    {
        var (_, payload) = Frames.RoundTrip(Sample.Write);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8), ProtocolLimits.MaxFileAccessRecords + 1);

        Assert.That(() => FileAccessList.Read(payload), Throws.TypeOf<ProtocolException>().With.Message.Contains("file-access records"));
    }
}
