// Turns DuckDB values into the canonical JSON the C# tests compare against, walking the value
// together with its DuckDB type so numbers keep their exact kind:
//   integers -> "123"; floats -> "f:<IEEE-754 double bits in hex>" or "f:NaN"; booleans -> true/false;
//   VARCHAR -> "s:text"; BLOB -> "b:<hex>"; DECIMAL -> "d:<unscaled>/<scale>"; DATE -> "date:<days>";
//   TIME -> "time_us:<micros>"; TIMETZ -> "time_tz:<micros>/<offset s>"; TIMESTAMP* -> "ts_<unit>:<count>";
//   INTERVAL -> "interval:<months>/<days>/<micros>"; UUID -> "uuid:<text>";
//   LIST/ARRAY -> [..]; STRUCT -> {..}; MAP -> [[key, value], ..]; NULL -> null.
import { DuckDBTypeId } from '@duckdb/node-api';

const floatBits = (x) => {
  if (Number.isNaN(x)) return 'f:NaN';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return 'f:' + view.getBigUint64(0).toString(16).padStart(16, '0');
};

export function canonical(value, type) {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return value;
    case DuckDBTypeId.TINYINT: case DuckDBTypeId.SMALLINT: case DuckDBTypeId.INTEGER: case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UTINYINT: case DuckDBTypeId.USMALLINT: case DuckDBTypeId.UINTEGER: case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT: case DuckDBTypeId.UHUGEINT:
      return String(value);
    case DuckDBTypeId.FLOAT: case DuckDBTypeId.DOUBLE: return floatBits(value);
    case DuckDBTypeId.VARCHAR: return 's:' + value;
    case DuckDBTypeId.BLOB: return 'b:' + Buffer.from(value.bytes).toString('hex');
    case DuckDBTypeId.DECIMAL: return `d:${value.value}/${value.scale}`;
    case DuckDBTypeId.DATE: return `date:${value.days}`;
    case DuckDBTypeId.TIME: return `time_us:${value.micros}`;
    case DuckDBTypeId.TIME_TZ: return `time_tz:${value.micros}/${value.offset}`;
    case DuckDBTypeId.INTERVAL: return `interval:${value.months}/${value.days}/${value.micros}`;
    case DuckDBTypeId.TIMESTAMP: case DuckDBTypeId.TIMESTAMP_TZ: return `ts_us:${value.micros}`;
    case DuckDBTypeId.TIMESTAMP_MS: return `ts_ms:${value.millis}`;
    case DuckDBTypeId.TIMESTAMP_NS: return `ts_ns:${value.nanos}`;
    case DuckDBTypeId.TIMESTAMP_S: return `ts_s:${value.seconds}`;
    case DuckDBTypeId.UUID: return 'uuid:' + value.toString();
    case DuckDBTypeId.LIST: case DuckDBTypeId.ARRAY:
      return value.items.map((item) => canonical(item, type.valueType));
    case DuckDBTypeId.STRUCT: {
      const out = {};
      type.entryNames.forEach((name, i) => { out[name] = canonical(value.entries[name], type.entryTypes[i]); });
      return out;
    }
    case DuckDBTypeId.MAP:
      return value.entries.map((e) => [canonical(e.key, type.keyType), canonical(e.value, type.valueType)]);
    default: return 'other:' + String(value);
  }
}
