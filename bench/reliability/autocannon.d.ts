// The part of autocannon's API the soak uses (the package ships no types).
declare module "autocannon" {
  interface Request {
    method?: string;
    path: string;
    body?: string;
    headers?: Record<string, string>;
    onResponse?: (status: number, body: string) => void;
  }
  interface Options { url: string; connections?: number; duration?: number; requests?: Request[] }
  interface Result { requests: { total: number; average: number }; errors: number; timeouts: number }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
