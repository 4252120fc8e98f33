import { buildMessage, isEmail, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * class-validator's @IsEmail, except that text the underlying library cannot read (a lone UTF-16
 * surrogate makes validator.js throw a URIError, which became a 500) is simply not an address.
 */
export function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown): boolean => {
          try {
            return isEmail(value);
          } catch {
            return false;
          }
        },
        defaultMessage: buildMessage((eachPrefix) => `${eachPrefix}$property must be an email`, validationOptions),
      },
    },
    validationOptions,
  );
}
