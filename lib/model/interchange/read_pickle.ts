/**
 * Read scikit-learn's `StandardScaler` and `LabelEncoder` pickles **without executing anything**.
 *
 * A pickle is a program for Python's unpickler: its `GLOBAL`/`STACK_GLOBAL` opcodes name any importable callable
 * and `REDUCE` calls it, which is how a malicious pickle runs `os.system`. Here the opcodes are interpreted by
 * pickleparser (a JavaScript reader of protocols 0–5 that imports and calls nothing itself), with a name resolver
 * that admits exactly the globals these two objects need and refuses every other one by name:
 *
 * - `sklearn.preprocessing._data.StandardScaler`, `sklearn.preprocessing._label.LabelEncoder`: inert records that
 *   keep their state;
 * - `numpy.core.multiarray._reconstruct`, `numpy.ndarray`, `numpy.dtype`, `numpy.core.multiarray.scalar` (and the
 *   `numpy._core` spellings of numpy 2): rebuild arrays and scalars from their raw little- or big-endian bytes.
 *
 * Dictionaries become `Map`s, so no key (not even `__proto__`) can touch a JavaScript prototype.
 *
 * @module
 */
import { NameRegistry, Parser } from "pickleparser";

/** A pickle that could not be read, or that asks for a global outside the allow-list. */
export class PickleError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PickleError";
  }
}

/** A numpy dtype as pickled: `dtype('f8', False, True)` then its state `(3, '<', …, elsize, …)`. */
class NpDtype {
  kind: string;
  byteOrder = "=";
  constructor(spec: unknown) {
    this.kind = String(spec);
  }
  __setstate__(state: unknown[]) {
    if (typeof state?.[1] === "string") this.byteOrder = state[1];
  }
}

/** A numpy array rebuilt from `_reconstruct(ndarray, (0,), b'b')` and its state `(1, shape, dtype, fortran, data)`. */
export class NpArray {
  shape: number[] = [];
  dtype: NpDtype | null = null;
  /** Numbers for numeric dtypes, strings for `U`/`S`, the objects themselves for `O`. */
  values: (number | string | unknown)[] = [];
  __setstate__(state: unknown[]) {
    const [, shape, dtype, , data] = state as [number, number[], NpDtype, boolean, Uint8Array | unknown[]];
    this.shape = Array.from(shape ?? [], Number);
    this.dtype = dtype;
    this.values = decodeArray(data, dtype, this.shape.reduce((a, b) => a * b, 1));
  }
}

/** An allow-listed scikit-learn object: its class and the attributes its `__dict__` held. */
export class SklearnObject {
  readonly className: string;
  state = new Map<string, unknown>();
  constructor(className: string) {
    this.className = className;
  }
  __setstate__(state: unknown) {
    if (state instanceof Map) this.state = state as Map<string, unknown>;
  }
}

function decodeArray(data: Uint8Array | unknown[], dtype: NpDtype, count: number): (number | string | unknown)[] {
  if (Array.isArray(data)) return data; // object arrays pickle their items
  if (!(data instanceof Uint8Array)) throw new PickleError(`array data is ${typeof data}, expected bytes`);
  const m = /^([<>|=]?)([fiuUSb?])(\d*)$/.exec(dtype.kind);
  if (!m) throw new PickleError(`unsupported numpy dtype "${dtype.kind}"`);
  const [, order, kind, sizeText] = m;
  const little = (order || dtype.byteOrder) !== ">";
  const size = Number(sizeText || (kind === "b" || kind === "?" ? 1 : 0));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = kind === "U" ? 4 * size : size;
  if (data.byteLength < count * width) {
    throw new PickleError(`array of ${count} "${dtype.kind}" needs ${count * width} bytes, found ${data.byteLength}`);
  }
  const out: (number | string)[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * width;
    if (kind === "f" && size === 8) out.push(view.getFloat64(at, little));
    else if (kind === "f" && size === 4) out.push(view.getFloat32(at, little));
    else if (kind === "i" && size === 8) out.push(Number(view.getBigInt64(at, little)));
    else if (kind === "i" && size === 4) out.push(view.getInt32(at, little));
    else if (kind === "u" && size === 8) out.push(Number(view.getBigUint64(at, little)));
    else if (kind === "u" && size === 4) out.push(view.getUint32(at, little));
    else if (kind === "b" || kind === "?") out.push(view.getUint8(at));
    else if (kind === "U") {
      let s = "";
      for (let c = 0; c < size; c++) {
        const cp = view.getUint32(at + 4 * c, little);
        if (cp === 0) break;
        s += String.fromCodePoint(cp);
      }
      out.push(s);
    } else if (kind === "S") {
      const bytes = data.subarray(at, at + size);
      const end = bytes.indexOf(0);
      out.push(new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end)));
    } else throw new PickleError(`unsupported numpy dtype "${dtype.kind}"`);
  }
  return out;
}

/** The globals a scaler or label encoder pickle may name. */
const ALLOWED: Record<string, (...args: unknown[]) => unknown> = {
  "numpy.ndarray": () => NpArray,
  "numpy.dtype": (spec: unknown) => new NpDtype(spec),
  "numpy.core.multiarray._reconstruct": () => new NpArray(),
  "numpy._core.multiarray._reconstruct": () => new NpArray(),
  "numpy.core.multiarray.scalar": (dtype: unknown, bytes: unknown) =>
    decodeArray(bytes as Uint8Array, dtype as NpDtype, 1)[0],
  "numpy._core.multiarray.scalar": (dtype: unknown, bytes: unknown) =>
    decodeArray(bytes as Uint8Array, dtype as NpDtype, 1)[0],
};
const CLASSES = ["sklearn.preprocessing._data.StandardScaler", "sklearn.preprocessing._label.LabelEncoder"];

class AllowList extends NameRegistry {
  override resolve(module: string, name: string) {
    const fqn = `${module}.${name}`;
    if (CLASSES.includes(fqn)) {
      // NEWOBJ constructs it: an inert record of the class name.
      return function (this: unknown) {
        return new SklearnObject(fqn);
      } as unknown as new () => SklearnObject;
    }
    const fn = ALLOWED[fqn];
    if (!fn) {
      throw new PickleError(
        `refuses the global "${fqn}": only scikit-learn's StandardScaler/LabelEncoder and numpy array reconstruction are allowed`,
      );
    }
    return fn;
  }
}

/**
 * Unpickle bytes with the allow-list above.
 *
 * @param bytes The pickle.
 * @param name The file name, for messages.
 * @returns What the pickle builds: a {@linkcode SklearnObject} for the two classes.
 * @throws {PickleError} Naming the file and the forbidden global, or why the bytes are not a readable pickle.
 * @example
 * const obj = readPickle(await Deno.readFile("scaler.pkl"), "scaler.pkl");
 */
export function readPickle(bytes: Uint8Array, name: string): unknown {
  try {
    const parser = new Parser({
      nameResolver: new AllowList(),
      unpicklingTypeOfDictionary: "Map",
      unpicklingTypeOfSet: "array",
    });
    return parser.parse(bytes);
  } catch (e) {
    if (e instanceof PickleError) throw new PickleError(`${name}: ${e.message}`, { cause: e });
    throw new PickleError(`${name}: not a readable pickle (${(e as Error).message})`, { cause: e });
  }
}

function expectObject(obj: unknown, className: string, name: string): SklearnObject {
  if (!(obj instanceof SklearnObject) || obj.className !== className) {
    const got = obj instanceof SklearnObject ? obj.className : typeof obj;
    throw new PickleError(`${name}: expected a pickled ${className.split(".").pop()}, found ${got}`);
  }
  return obj;
}

function numbers(obj: SklearnObject, key: string, name: string): number[] {
  const v = obj.state.get(key);
  if (!(v instanceof NpArray) || v.shape.length !== 1 || !v.values.every((x) => typeof x === "number")) {
    throw new PickleError(`${name}: ${key} is not a 1-D numeric array`);
  }
  return v.values as number[];
}

/**
 * A scikit-learn `StandardScaler` pickle as this project's scaler: `mean_` and `scale_` exactly as stored (float64).
 *
 * @throws {PickleError} If the pickle is not a fitted StandardScaler (or names a forbidden global).
 * @example
 * const { mean, scale } = readScalerPickle(await Deno.readFile("scaler.pkl"), "scaler.pkl");
 */
export function readScalerPickle(bytes: Uint8Array, name: string): { mean: number[]; scale: number[] } {
  const obj = expectObject(readPickle(bytes, name), "sklearn.preprocessing._data.StandardScaler", name);
  const mean = obj.state.get("with_mean") === false ? null : numbers(obj, "mean_", name);
  const scale = obj.state.get("with_std") === false ? null : numbers(obj, "scale_", name);
  const n = mean?.length ?? scale?.length;
  if (!n) throw new PickleError(`${name}: the StandardScaler is not fitted (no mean_ or scale_)`);
  return { mean: mean ?? new Array(n).fill(0), scale: scale ?? new Array(n).fill(1) };
}

/**
 * A scikit-learn `LabelEncoder` pickle's `classes_`, in encoder order.
 *
 * @throws {PickleError} If the pickle is not a fitted LabelEncoder (or names a forbidden global).
 * @example
 * readLabelEncoderPickle(await Deno.readFile("label_encoder.pkl"), "label_encoder.pkl"); // ["angry", …]
 */
export function readLabelEncoderPickle(bytes: Uint8Array, name: string): string[] {
  const obj = expectObject(readPickle(bytes, name), "sklearn.preprocessing._label.LabelEncoder", name);
  const v = obj.state.get("classes_");
  if (!(v instanceof NpArray) || v.shape.length !== 1) throw new PickleError(`${name}: classes_ is not a 1-D array`);
  return v.values.map(String);
}
