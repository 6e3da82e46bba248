using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Control;

/// <summary>Why a control request was refused.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlErrorCode>))]
public enum ControlErrorCode
{
    /// <summary>The request is larger than <see cref="ControlServerOptions.MaxRequestBytes"/>.</summary>
    [JsonStringEnumMemberName("tooLarge")]
    TooLarge,

    /// <summary>Not a request the control schema accepts (bad JSON, unknown or missing field, wrong schema id, several frames).</summary>
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
}
