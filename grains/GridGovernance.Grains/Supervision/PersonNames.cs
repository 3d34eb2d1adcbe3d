using System.Globalization;

namespace GridGovernance.Grains.Supervision;

/// <summary>How a monitored person's name is shown by default (PI-14).</summary>
public static class PersonNames
{
    /// <summary>
    /// The first character and an asterisk for each other one (张三丰 → 张**): a surname alone identifies nobody.
    /// Counts text elements, so a character outside the BMP is one character.
    /// </summary>
    public static string Mask(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return "";
        }

        var info = new StringInfo(trimmed);
        return info.SubstringByTextElements(0, 1) + new string('*', Math.Max(1, info.LengthInTextElements - 1));
    }
}
