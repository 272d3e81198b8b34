<#
.SYNOPSIS
Build the frozen one-folder application, dist\signposting\, on Windows; with -Installer, also
the Inno Setup installer dist\signposting-VERSION-setup.exe.

.DESCRIPTION
The Windows counterpart of packaging/build-frozen, with the same PyInstaller spec. The virtual
environment (default .venv) must have Signposting installed. The pinned PyInstaller and its hooks
(packaging\requirements-frozen.txt) are installed into it first. -Installer needs Inno Setup 6.3
or later (ISCC.exe on PATH, or in its default folder).

.EXAMPLE
py -3.12 -m venv .venv
.venv\Scripts\python.exe -m pip install .
powershell -ExecutionPolicy Bypass -File packaging\build-frozen.ps1 -Installer
#>
param(
    [string]$Venv = ".venv",
    [switch]$Installer
)
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)

function Invoke-Native {
    # Run a program; stop with a message if it fails (PowerShell does not, by itself). What it
    # writes to standard error is progress, not failure: only its exit code counts.
    param([string]$What, [string]$Program, [string[]]$Arguments)
    $ErrorActionPreference = "Continue"
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "build-frozen: $What failed (exit code $LASTEXITCODE)"
    }
}

$python = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $python)) {
    throw "build-frozen: no Python at $python; make the virtual environment first"
}
Invoke-Native "importing Signposting from $Venv (install it: $python -m pip install .)" `
    $python @("-I", "-c", "import signposting.cli.main")
Invoke-Native "installing PyInstaller" $python `
    @("-m", "pip", "install", "-q", "-r", "packaging\requirements-frozen.txt")

Write-Host "== building dist\signposting with PyInstaller"
$timer = [Diagnostics.Stopwatch]::StartNew()
Invoke-Native "PyInstaller" $python @(
    "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller",
    "packaging\pyinstaller\signposting.spec"
)
$bytes = (Get-ChildItem -Recurse -File dist\signposting | Measure-Object -Sum Length).Sum
Write-Host ("built in {0:N0} s: {1} ({2:N0} MB)" -f $timer.Elapsed.TotalSeconds,
    (Resolve-Path dist\signposting), ($bytes / 1MB))
Invoke-Native "the built signposting.exe" ".\dist\signposting\signposting.exe" @("--version")

if ($Installer) {
    $iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
    foreach ($folder in @(${env:ProgramFiles(x86)}, (Join-Path $env:LOCALAPPDATA "Programs"))) {
        $candidate = Join-Path $folder "Inno Setup 6\ISCC.exe"
        if (-not $iscc -and (Test-Path $candidate)) {
            $iscc = $candidate
        }
    }
    if (-not $iscc) {
        throw "build-frozen: Inno Setup 6 (ISCC.exe) was not found; install it or add it to PATH"
    }
    Write-Host "== building the installer with $iscc"
    Invoke-Native "ISCC" $iscc @("packaging\windows\signposting.iss")
}
