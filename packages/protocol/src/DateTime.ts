/**
 * The service's timestamps (RFC 3339 `date-time`): parsed strictly, and
 * formatted as the service writes them.
 *
 * @since 0.1.0
 */

const dateTimePattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/i

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Milliseconds in 400 Gregorian years, a whole number of days. */
const fourCenturies = 146097 * 86_400_000

/**
 * Parses a service timestamp (RFC 3339, any number of fractional digits,
 * `Z` or an offset) to epoch milliseconds, or `undefined`. Impossible dates
 * (`02-30`, hour 24, second 60, offset `+24:00`) are rejected; fractions are
 * cut to milliseconds.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): number | undefined => {
  const match = dateTimePattern.exec(text)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const hour = Number(match[4])
  const minute = Number(match[5])
  const second = Number(match[6])
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const days = month === 2 && leap ? 29 : daysInMonth[month - 1]
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return undefined
  const fraction = match[7]
  const millis = fraction === undefined
    ? 0
    : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, "0"))
  let offset = 0
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9])
    const offsetMinutes = Number(match[10])
    if (offsetHours > 23 || offsetMinutes > 59) return undefined
    offset = (match[8] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000
  }
  // Date.UTC reads years 0-99 as 1900-1999: count from 400 years later instead
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, millis) - fourCenturies - offset
}

/**
 * Formats a date the way the service does: seven fractional digits and an
 * explicit `+00:00` offset.
 *
 * @since 0.1.0
 * @category formatting
 */
export const format = (date: Date): string => `${date.toISOString().slice(0, 23)}0000+00:00`
