; Inno Setup 6 script: installs the frozen application, dist\signposting\ (built on Windows by
; packaging\build-frozen.ps1), into Program Files for every user of the PC.
;
;     iscc packaging\windows\signposting.iss
;
; writes dist\signposting-VERSION-setup.exe. The version is read from signposting.exe; give it
; instead with /DAppVersion=0.1.0. See docs/install.md for silent installs and what is left behind
; on uninstalling.

#define AppName "Signposting"
#define AppPublisher "The Signposting contributors"
#define AppURL "https://github.com/signposting/signposting"
#define BuiltApp AddBackslash(SourcePath) + "..\..\dist\signposting"
#define DeskExe "signposting-desk.exe"
#define CommandExe "signposting.exe"

#if !FileExists(BuiltApp + "\" + CommandExe) || !FileExists(BuiltApp + "\" + DeskExe)
  #error dist\signposting\ has no signposting.exe and signposting-desk.exe: run packaging\build-frozen.ps1 first
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(BuiltApp + "\" + CommandExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error Could not read the version from signposting.exe: pass /DAppVersion=...
#endif
; The numeric form (such as 0.1.0.0) for the installer's own version resource.
#define AppVersionNumbers GetVersionNumbersString(BuiltApp + "\" + CommandExe)

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{C9304F7A-45C4-4E81-820F-1E55045E76C5}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppPublisherURL={#AppURL}
AppSupportURL={#AppURL}/issues
AppUpdatesURL={#AppURL}/releases
VersionInfoVersion={#AppVersionNumbers}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
; Per machine: Program Files, shortcuts for all users, and administrator rights to install.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\signposting\ui\icons\signposting.ico
UninstallDisplayIcon={app}\{#DeskExe}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=signposting-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; A desk still open is closed (Windows Restart Manager) before its files are replaced.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: files a newer version no longer has (an Alembic script
; renamed, a library dropped) must not stay behind to be loaded.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BuiltApp}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#DeskExe}"; WorkingDir: "{app}"; Comment: "The Active Signposting reception desk"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#DeskExe}"; WorkingDir: "{app}"; Comment: "The Active Signposting reception desk"; Tasks: desktopicon

[Run]
Filename: "{app}\{#DeskExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes what this installer put in {app} and the shortcuts. Each user's data
; folder (%LOCALAPPDATA%\signposting: databases, backups, settings, logs) and any password in
; Windows Credential Manager are left alone on purpose: they hold the practice's records.
