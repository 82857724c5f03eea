/**
 * Inputs that a strict reading refuses but that a conforming service may accept: the sources do not make them
 * invalid, or Microsoft's own stack accepts them on purpose. In a profile that lists one, a case carrying it is
 * judged by the warning-level `lenient-input` check (refusal and acceptance both end the run with exit 0); in a
 * profile that does not, `rejects-invalid` demands a 4xx at error level.
 */
export const LENIENCIES = [
  'missing-odata-type',
  'json-single-quoted-strings',
  'json-unquoted-property-names',
  'datetime-fraction-over-12-digits',
] as const;
export type Leniency = (typeof LENIENCIES)[number];

export interface LeniencyInfo {
  id: Leniency;
  /** What the body does, in a phrase. */
  what: string;
  /** Why a conforming service may accept it: the sources that leave it open. */
  source: string;
}

export const LENIENCY_INFO: Readonly<Record<Leniency, LeniencyInfo>> = {
  'missing-odata-type': {
    id: 'missing-odata-type',
    what: 'a create body with no top-level @odata.type',
    source:
      'create page (its properties table never marks @odata.type required; the example sends it); OData JSON Format 4.01 section 4.5.3 (the type may be left out where the service can tell it): a service may create the only documented type or refuse the abstract base',
  },
  'json-single-quoted-strings': {
    id: 'json-single-quoted-strings',
    what: "JSON text with single-quoted strings ({'displayName':'x'})",
    source:
      'RFC 8259 section 7 makes it invalid JSON, but OData .NET reads it on purpose (Microsoft.OData.Core Json/JsonReader.cs, "COMPAT 45"): Graph services answer 201',
  },
  'json-unquoted-property-names': {
    id: 'json-unquoted-property-names',
    what: 'JSON text with an unquoted property name ({@odata.type:"..."})',
    source:
      'RFC 8259 section 4 makes it invalid JSON, but OData .NET reads it on purpose (Microsoft.OData.Core Json/JsonReader.cs, "COMPAT 46"): Graph services answer 201',
  },
  'datetime-fraction-over-12-digits': {
    id: 'datetime-fraction-over-12-digits',
    what: 'an Edm.DateTimeOffset with 13 fractional-second digits',
    source:
      'OData ABNF 4.01 `fractionalSeconds = 1*12DIGIT` makes it invalid, but OData .NET reads DateTimeOffset as xsd:dateTime (XML Schema 1.1 Part 2 section 3.3.7 allows any number of fraction digits) and keeps 7',
  },
};
