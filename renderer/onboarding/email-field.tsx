/** The labelled "Email address" field both onboarding forms start from. */
export function EmailField({
  value,
  onChange,
  required = false,
}: {
  value: string;
  onChange: (value: string) => void;
  required?: boolean;
}) {
  return (
    <label>
      Email address
      <input
        type="email"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="you@example.com"
        autoComplete="email"
        required={required}
      />
    </label>
  );
}
