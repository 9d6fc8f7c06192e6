import leadJson from '../../resources/rubrics/default-lead.json';
import qaJson from '../../resources/rubrics/default-qa.json';
import { parseRubric, type Rubric } from '../../shared/scoring/rubric';

export const DEFAULT_LEAD_RUBRIC: Rubric = parseRubric(leadJson);
export const DEFAULT_QA_RUBRIC: Rubric = parseRubric(qaJson);
