package org.isg.warehouse.contracts.registry;

import static java.util.Objects.requireNonNull;

/**
 * The seven domains of featured bases, with the two-letter prefix of their base codes (SPEC §1).
 */
public enum Domain
{
    CITY_MANAGEMENT("CM", "城市管理", "City management"),
    EDUCATION("ED", "教育", "Education"),
    ELDERCARE("EC", "养老", "Eldercare"),
    COMMUNITY_GOVERNANCE("CG", "社区治理", "Community governance"),
    ENVIRONMENT("EN", "环境治理", "Environmental governance"),
    HEALTH("HE", "卫生健康", "Health"),
    SPORT("SP", "体育", "Sport");

    private final String codePrefix;
    private final String chineseName;
    private final String englishName;

    Domain(String codePrefix, String chineseName, String englishName)
    {
        this.codePrefix = requireNonNull(codePrefix, "codePrefix is null");
        this.chineseName = requireNonNull(chineseName, "chineseName is null");
        this.englishName = requireNonNull(englishName, "englishName is null");
    }

    public String codePrefix()
    {
        return codePrefix;
    }

    public String chineseName()
    {
        return chineseName;
    }

    public String englishName()
    {
        return englishName;
    }

    public static Domain fromCodePrefix(String prefix)
    {
        for (Domain domain : values()) {
            if (domain.codePrefix.equals(prefix)) {
                return domain;
            }
        }
        throw new IllegalArgumentException("Unknown domain prefix: " + prefix);
    }
}
