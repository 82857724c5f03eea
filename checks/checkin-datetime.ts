import { isDateTimeOffset } from '../specs/edm';
import { asObject, isCreated, type Check } from './types';

export const checkinDatetime: Check = {
  id: 'checkin-datetime',
  rule: 'Every checkinStatuses[].checkinDateTime in the 201 body is a well-formed Edm.DateTimeOffset.',
  source: 'officeClientCheckinStatus resource page (DateTimeOffset); OData ABNF dateTimeOffsetValue',
  severity: () => 'error',
  appliesTo: (ex) => isCreated(ex) && Array.isArray(asObject(ex.response.json)?.['checkinStatuses']),
  skippedBecause: () => 'no 2xx create answer carried checkinStatuses',
  judge: (ex) => {
    const statuses = asObject(ex.response.json)?.['checkinStatuses'] as unknown[];
    const out: string[] = [];
    statuses.forEach((s, i) => {
      const v = asObject(s)?.['checkinDateTime'];
      if (v === undefined || v === null) return;
      if (typeof v !== 'string' || !isDateTimeOffset(v))
        out.push(`/checkinStatuses/${i}/checkinDateTime: ${JSON.stringify(v)} is not an Edm.DateTimeOffset`);
    });
    return out;
  },
};
