/** Every rule of the preset, in documentation order. */
import arithmetic from './arithmetic.js'
import percentage from './percentage.js'
import total from './total.js'
import proportion from './proportion.js'
import consistentValue from './consistent-value.js'
import requirement from './requirement.js'

export const rules = [arithmetic, percentage, total, proportion, consistentValue, requirement]
