variable "create" {
  description = "Create the resources (false creates nothing)."
  type        = bool
  default     = true
}

variable "name" {
  description = "Queue name; the dead-letter queue is <name>-dlq."
  type        = string
}

variable "visibility_timeout_seconds" {
  description = "How long a received message stays invisible; longer than the consumer's processing time."
  type        = number
  default     = 60
}

variable "max_receive_count" {
  description = "Deliveries before a message moves to the dead-letter queue."
  type        = number
  default     = 5
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
