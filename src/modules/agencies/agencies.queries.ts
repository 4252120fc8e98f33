import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AgencyFilter {
  level?: 'city' | 'commune';
  kind?: string;
  includeRetired?: boolean;
}

/** Read side of the agency directory, shaped for the API. */
@Injectable()
export class AgenciesQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listAgencies(filter: AgencyFilter = {}) {
    return this.db.query(
      `SELECT a.code, a.name, a.short_name AS "shortName", a.kind, a.level, a.official_code AS "officialCode",
              a.unit_name AS "unitName", a.unit_type AS "unitType", a.confirmation, a.retired_at AS "retiredAt",
              (SELECT jsonb_build_object('name', c.name, 'title', c.title, 'email', c.email, 'phone', c.phone)
                 FROM person c WHERE c.agency_code = a.code AND c.role = 'head' AND c.active ORDER BY c.created_at LIMIT 1) AS head,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('name', c.name, 'title', c.title, 'email', c.email, 'phone', c.phone) ORDER BY c.created_at)
                 FROM person c WHERE c.agency_code = a.code AND c.role = 'focal-point' AND c.active), '[]'::jsonb) AS "focalPoints",
              COALESCE((SELECT jsonb_agg(m.group_code ORDER BY m.group_code) FROM agency_group_member m WHERE m.agency_code = a.code), '[]'::jsonb) AS groups
         FROM agency a
        WHERE ($1::text IS NULL OR a.level = $1) AND ($2::text IS NULL OR a.kind = $2) AND ($3::boolean OR a.retired_at IS NULL)
        ORDER BY a.level, a.name COLLATE "C", a.code`,
      [filter.level ?? null, filter.kind ?? null, filter.includeRetired ?? false],
    );
  }

  async listGroups() {
    const groups: { memberCount: number; membership: string }[] = await this.db.query(
      `SELECT g.code, g.name, g.description, g.membership, g.confirmation,
              (SELECT count(*)::int FROM agency_group_member m WHERE m.group_code = g.code) AS "memberCount",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('code', a.code, 'name', a.name) ORDER BY a.code)
                 FROM agency_group_member m JOIN agency a ON a.code = m.agency_code WHERE m.group_code = g.code), '[]'::jsonb) AS members
         FROM agency_group g
        WHERE g.retired_at IS NULL
        ORDER BY g.code`,
    );
    return groups.map((g) => ({ ...g, empty: g.memberCount === 0 }));
  }
}
