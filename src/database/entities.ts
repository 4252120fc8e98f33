import { AgencyEntity } from '../modules/agencies/agency.entity';
import { PlanEntity } from '../modules/definitions/plan.entity';

/** Every TypeORM entity; bulk and set-based work goes through SQL instead (see DESIGN.md). */
export const ENTITIES = [AgencyEntity, PlanEntity];
