import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/domain-error';
import { returnedRows } from '../../database/sql';
import { ActingUserCache } from '../access/acting-user-cache';
import { peopleMessages as say } from './people.messages';

export const PERSON_ROLES = ['focal-point', 'head'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export interface PersonInput {
  agency: string;
  role: PersonRole;
  email: string;
  name?: string;
  title?: string;
  phone?: string;
}

export interface Person {
  id: string;
  agency: string;
  role: PersonRole;
  email: string;
  name: string | null;
  title: string | null;
  phone: string | null;
  active: boolean;
  source: 'definitions' | 'manual';
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const COLUMNS = `id, agency_code AS agency, role, email, name, title, phone, active, source`;

/** The people of each agency: focal points get its tasks, the head gets escalations. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    /** A person's agency roles are also what the person may see once signed in. */
    private readonly actingUsers: ActingUserCache,
  ) {}

  /** Adds a person, or updates and reactivates the one with the same agency, role and e-mail. */
  async add(input: PersonInput): Promise<{ person: Person; created: boolean }> {
    const email = input.email.trim();
    if (!EMAIL.test(email)) throw new DomainError('VALIDATION_FAILED', say.badEmail(input.email));
    if (!(PERSON_ROLES as readonly string[]).includes(input.role)) throw new DomainError('VALIDATION_FAILED', say.badRole(String(input.role)));
    const [agency] = await this.db.query(`SELECT code FROM agency WHERE code = $1 AND retired_at IS NULL`, [input.agency]);
    if (!agency) throw new DomainError('AGENCY_NOT_FOUND', say.agencyNotFound(input.agency));
    const [row]: (Person & { inserted: boolean })[] = await this.db.query(
      `INSERT INTO person AS p (agency_code, role, email, name, title, phone, source)
       VALUES ($1, $2, $3, $4, $5, $6, 'manual')
       ON CONFLICT (agency_code, role, lower(email)) DO UPDATE SET
         name = COALESCE(EXCLUDED.name, p.name), title = COALESCE(EXCLUDED.title, p.title),
         phone = COALESCE(EXCLUDED.phone, p.phone), active = true, updated_at = now()
       RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
      [input.agency, input.role, email, input.name ?? null, input.title ?? null, input.phone ?? null],
    );
    this.actingUsers.forget();
    const { inserted, ...person } = row;
    return { person, created: inserted };
  }

  async list(filter: { agency?: string; includeInactive?: boolean } = {}): Promise<Person[]> {
    return this.db.query(
      `SELECT ${COLUMNS} FROM person
        WHERE ($1::text IS NULL OR agency_code = $1) AND ($2::boolean OR active)
        ORDER BY agency_code, role DESC, lower(email)`,
      [filter.agency ?? null, filter.includeInactive ?? false],
    );
  }

  /** People are deactivated, never deleted: past e-mails and history still name them. */
  async deactivate(id: string): Promise<Person> {
    const [row]: Person[] = returnedRows(
      await this.db.query(`UPDATE person SET active = false, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, [id]),
    );
    if (!row) throw new DomainError('NOT_FOUND', say.personNotFound(id));
    this.actingUsers.forget();
    return row;
  }
}
