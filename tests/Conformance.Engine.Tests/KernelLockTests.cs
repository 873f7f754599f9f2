using Conformance.Engine.DriverBuilds;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// The shim's spin locks and fast mutexes (SimKernel src/sync.c), through a one-file driver built by build-driver's
/// engine: acquire/release pairs work, ExTryToAcquireFastMutex fails while the mutex is held, and a driver that takes
/// its own lock a second time never returns (a HANG), as on Windows.
/// </summary>
[TestFixture]
public sealed class KernelLockTests
{
    private const string Driver = """
        #include <ntddk.h>
        static FAST_MUTEX Mutex;
        static KSPIN_LOCK Lock;
        static NTSTATUS Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
        {
            PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
            ULONG_PTR information = 0;
            KIRQL oldIrql;
            UNREFERENCED_PARAMETER(DeviceObject);
            if (stack->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
                switch (stack->Parameters.DeviceIoControl.IoControlCode) {
                case CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_NEITHER, FILE_ANY_ACCESS):
                    KeAcquireSpinLock(&Lock, &oldIrql);
                    KeReleaseSpinLock(&Lock, oldIrql);
                    ExAcquireFastMutex(&Mutex);
                    ExReleaseFastMutex(&Mutex);
                    information = (ULONG_PTR)ExTryToAcquireFastMutex(&Mutex) << 1;
                    information |= ExTryToAcquireFastMutex(&Mutex);
                    ExReleaseFastMutex(&Mutex);
                    break;
                case CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_NEITHER, FILE_ANY_ACCESS):
                    ExAcquireFastMutex(&Mutex);
                    ExAcquireFastMutex(&Mutex);
                    break;
                case CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_NEITHER, FILE_ANY_ACCESS):
                    KeAcquireSpinLock(&Lock, &oldIrql);
                    KeAcquireSpinLock(&Lock, &oldIrql);
                    break;
                }
            }
            Irp->IoStatus.Status = STATUS_SUCCESS;
            Irp->IoStatus.Information = information;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            return STATUS_SUCCESS;
        }
        NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
        {
            UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\KernelLocks");
            PDEVICE_OBJECT device;
            UNREFERENCED_PARAMETER(RegistryPath);
            ExInitializeFastMutex(&Mutex);
            KeInitializeSpinLock(&Lock);
            DriverObject->MajorFunction[IRP_MJ_CREATE] = Dispatch;
            DriverObject->MajorFunction[IRP_MJ_CLOSE] = Dispatch;
            DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Dispatch;
            return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
        }
        """;

    private const string Profile = """
        name: kernel-locks
        description: Spin lock and fast mutex checks.
        device_type: 0x0022
        liveness: { ioctl: PAIRS, status: STATUS_SUCCESS }
        open:
          simulator: { driver: unused.so, device: \Device\KernelLocks }
        ioctls:
          - { name: PAIRS, function: 0x800, method: neither, access: any }
          - { name: MUTEX_TWICE, function: 0x801, method: neither, access: any }
          - { name: SPIN_LOCK_TWICE, function: 0x802, method: neither, access: any }
        """;

    private const string Scenario = """
        description: acquire and release, then a second acquire by the lock's holder
        device: kernel-locks
        vary:
          ioctl: [PAIRS, MUTEX_TWICE, SPIN_LOCK_TWICE]
        expect:
          status: STATUS_SUCCESS
          information: 2
        """;

    private string workspace = null!;

    [OneTimeSetUp]
    public void MakeWorkspace() => workspace = Directory.CreateTempSubdirectory("conformance-locks-").FullName;

    [OneTimeTearDown]
    public void RemoveWorkspace() => Directory.Delete(workspace, recursive: true);

    [Test]
    public async Task PairsWorkAndASecondAcquireByTheHolderHangs()
    {
        string sources = Directory.CreateDirectory(Path.Combine(workspace, "driver")).FullName;
        File.WriteAllText(Path.Combine(sources, "locks.c"), Driver);
        string catalog = Path.Combine(workspace, "scenarios");
        Directory.CreateDirectory(Path.Combine(catalog, "devices"));
        Directory.CreateDirectory(Path.Combine(catalog, "locks"));
        File.WriteAllText(Path.Combine(catalog, "devices", "kernel-locks.yaml"), Profile);
        File.WriteAllText(Path.Combine(catalog, "locks", "locks.yaml"), Scenario);

        string library = Path.Combine(workspace, "liblocks.so");
        var build = await DriverBuild.RunAsync(
            new DriverBuildRequest { Sources = [sources], Output = library, ShimInclude = DriverBuildRequest.ShimIncludeIn(Repository.Root) },
            loadCheck: true,
            CancellationToken.None);
        Assert.That(build.Succeeded, Is.True, build.Compile.Diagnostics + build.LoadError);

        var settings = Repository.Settings() with { ScenariosRoot = catalog, DriverPath = library, CallTimeout = TimeSpan.FromSeconds(2) };
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        var verdicts = results.ToDictionary(r => r.Id, r => (r.Verdict, Categories: string.Join(",", r.Findings.Select(f => f.Category))));

        Assert.That(verdicts, Is.EqualTo(new Dictionary<string, (CaseVerdict, string)>
        {
            ["locks/locks[ioctl=PAIRS]"] = (CaseVerdict.Pass, string.Empty),
            ["locks/locks[ioctl=MUTEX_TWICE]"] = (CaseVerdict.Fail, nameof(FindingCategory.Hang)),
            ["locks/locks[ioctl=SPIN_LOCK_TWICE]"] = (CaseVerdict.Fail, nameof(FindingCategory.Hang)),
        }));
    }
}
