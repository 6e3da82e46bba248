using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Control;

/// <summary>Why a control request was refused.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlErrorCode>))]
public enum ControlErrorCode
{
    /// <summary>The request is larger than <see cref="ControlServerOptions.MaxRequestBytes"/>.</summary>
    [JsonStringEnumMemberName("tooLarge")]
    TooLarge,

    /// <summary>Not a request the control schema accepts (bad JSON, unknown, missing, null or repeated field, wrong schema id, several frames).</summary>
    [JsonStringEnumMemberName("malformed")]
    Malformed,

    /// <summary>The command is not one of status, pause, resume, reload, update.</summary>
    [JsonStringEnumMemberName("unknownCommand")]
    UnknownCommand,

    /// <summary>A reserved command this version does not carry out yet (update).</summary>
    [JsonStringEnumMemberName("notSupported")]
    NotSupported,

    /// <summary>
    /// The command ran and failed; the running state is unchanged, except that the privacy switch
    /// keeps a position it reached (the reply's <c>paused</c> says which).
    /// </summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>
    /// With CURVE: the key the client's connection was admitted with is no longer on the allow-list
    /// (it was revoked by a reload after the client connected). Added within version 1.
    /// </summary>
    [JsonStringEnumMemberName("notAllowed")]
    NotAllowed,
}
