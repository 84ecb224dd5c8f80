package org.isg.warehouse.contracts.registry;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One experiment base of the official list.
 *
 * @param code stable code of SPEC §1 ({@code C01}, {@code CM07}, ...)
 * @param officialRank rank in its section of the official list (expert score order)
 * @param regionOrUnit 实验地区/单位, as written in the list
 * @param applicantUnit 申报单位, as written in the list
 */
public record Base(String code, BaseType type, Optional<Domain> domain, int officialRank, String regionOrUnit, String applicantUnit)
{
    public Base
    {
        requireNonNull(code, "code is null");
        requireNonNull(type, "type is null");
        requireNonNull(domain, "domain is null");
        requireNonNull(regionOrUnit, "regionOrUnit is null");
        requireNonNull(applicantUnit, "applicantUnit is null");
        if ((type == BaseType.FEATURED) != domain.isPresent()) {
            throw new IllegalArgumentException("Base " + code + ": a featured base has a domain, a comprehensive base has none");
        }
    }

    /**
     * The cohort a base is compared within: {@code COMPREHENSIVE}, or the featured domain's name.
     */
    public String cohort()
    {
        return domain.map(Domain::name).orElse(BaseType.COMPREHENSIVE.name());
    }
}
