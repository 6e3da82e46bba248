using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeMer.Messaging.Wire;

/// <summary>
/// Writes a domain enumeration as its camel-case member name (<c>sensorLost</c>, <c>face</c>) and
/// reads only those names: a number or an unknown name is an error, as the schema says.
/// </summary>
internal sealed class CamelCaseEnumConverter<T> : JsonStringEnumConverter<T>
    where T : struct, Enum
{
    public CamelCaseEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
