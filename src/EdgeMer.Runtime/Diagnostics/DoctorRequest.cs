namespace EdgeMer.Runtime.Diagnostics;

/// <summary>What <c>edgemer doctor</c> examines.</summary>
/// <param name="DevicesFolder">Folder of device profiles.</param>
/// <param name="Profile">Profile id or path; null to detect it from the board.</param>
/// <param name="CatalogFolder">Folder of model manifests.</param>
/// <param name="StoreFolder">Folder of built models (read when <paramref name="LoadModels"/>).</param>
/// <param name="LoadModels">Open a session per built model to report the provider it really gets.</param>
/// <param name="FleetDirectory">The model update folder (<c>Fleet:Directory</c>) to report on; null for none.</param>
public sealed record DoctorRequest(string DevicesFolder, string? Profile, string CatalogFolder, string StoreFolder, bool LoadModels, string? FleetDirectory = null);
