@{
    RootModule        = 'ConformanceSuite.psm1'
    ModuleVersion     = '0.1.0'
    GUID              = '08e1e59e-9a56-4af8-b3af-51e766bc6756'
    Author            = 'Driver Conformance Suite'
    Description       = 'Runs the driver conformance suite locally (simulator or Windows) or in a Hyper-V test VM, and prepares that VM.'
    PowerShellVersion = '7.2'
    FunctionsToExport = @(
        'Invoke-ConformanceSuite'
        'Invoke-ConformanceLocalRun'
        'Invoke-ConformanceHyperVRun'
        'Initialize-ConformanceVM'
        'Invoke-ConformanceVmPreparation'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
