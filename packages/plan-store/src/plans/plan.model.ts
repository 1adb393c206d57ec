import { Model } from 'objection';
import type { PlanData, PlanStatus } from './plan';

/**
 * The Objection model of the `plans` table, for callers that need queries beyond the repository
 * (bind it with `PlanModel.query(knex)`). Properties are the column names.
 */
export class PlanModel extends Model {
  static override tableName = 'plans';
  // pg would send a JS array as a PostgreSQL array literal; Objection stringifies these columns as JSON.
  static override jsonAttributes = ['plan_data'];

  declare id: string;
  declare user_wallet: string;
  declare destination: string;
  declare budget: number;
  declare plan_data: PlanData;
  declare status: PlanStatus;
  declare created_at: Date;
  declare updated_at: Date;
  declare version: number;
}
